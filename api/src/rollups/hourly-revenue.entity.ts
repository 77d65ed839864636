import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup: conversion sums per UTC hour, conversation channel and currency (follows conversation_hours.revenue). */
@Entity({ name: 'hourly_revenue' })
export class HourlyRevenueRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_hourly_revenue' })
  workspaceId!: number;

  /** '' (totals), 'team' or 'tag': rollups/cut-rows.ts. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_revenue' })
  cut!: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_hourly_revenue' })
  hour!: Date;

  /** The team or tag ('' for none, and in the totals). */
  @PrimaryColumn({ name: 'cut_value', type: 'text', primaryKeyConstraintName: 'pk_hourly_revenue' })
  cutValue!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_revenue' })
  channel!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_revenue' })
  currency!: string;

  /** numeric: an exact decimal, read as a string. */
  @Column({ type: 'numeric' })
  amount!: string;

  /** How many conversation_hours rows had a conversion in this currency (a 0.00 sum still lists it). */
  @Column({ type: 'bigint' })
  rows!: string;
}
