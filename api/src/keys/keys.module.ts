import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKey } from './api-key.entity.js';
import { KeysRepository } from './keys.repository.js';
import { KeysService } from './keys.service.js';

@Module({ imports: [TypeOrmModule.forFeature([ApiKey])], providers: [KeysService, KeysRepository], exports: [KeysService] })
export class KeysModule {}
