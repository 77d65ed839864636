import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { LoginLimiter } from './login-limiter.service.js';
import { SessionsService } from './sessions.service.js';
import { UsersRepository } from './users.repository.js';

@Module({ controllers: [AuthController], providers: [AuthService, SessionsService, UsersRepository, LoginLimiter, LoginAttemptsRepository], exports: [AuthService, UsersRepository] })
export class AuthModule {}
