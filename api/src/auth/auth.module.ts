import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventRecord } from '../events/event.entity.js';
import { Workspace } from '../workspaces/workspace.entity.js';
import { AccountsService } from './accounts.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginAttempt } from './login-attempt.entity.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { LoginDevice } from './login-device.entity.js';
import { UserEmail } from './user-email.entity.js';
import { LoginLimiter } from './login-limiter.service.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { User } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, UserEmail, Session, LoginDevice, LoginAttempt, Workspace, EventRecord])],
  controllers: [AuthController],
  providers: [AuthService, AccountsService, SessionsService, UsersRepository, LoginLimiter, LoginAttemptsRepository],
  exports: [AuthService, AccountsService, UsersRepository],
})
export class AuthModule {}
