import type { EntityManager } from 'typeorm';

/**
 * A rebuild writes a table's rows first into a temporary table without indexes (dropped at
 * commit), then all of them into the table in one statement, sorted by `order`. Written in order
 * of time, the table's time indexes grow at their right edge instead of at random pages: the
 * facts' writes cost 22–35 % less that way (docs/architecture.md, "facts rebuild").
 */
export class Staging {
  constructor(
    readonly table: string,
    private readonly order: string,
  ) {}

  /** The temporary table's name: `stage_<table>`. */
  get name(): string {
    return `stage_${this.table}`;
  }

  async create(tx: EntityManager): Promise<void> {
    await tx.query(`CREATE TEMPORARY TABLE ${this.name} (LIKE ${this.table} INCLUDING DEFAULTS) ON COMMIT DROP`);
  }

  /** Moves the staged rows into the table (then empties the stage). */
  async flush(tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO ${this.table} SELECT * FROM ${this.name} ORDER BY ${this.order}`);
    await tx.query(`TRUNCATE ${this.name}`);
  }
}
