import type { MigrationInterface, QueryRunner } from "typeorm";

const MYSQL = [
  `CREATE TABLE events (
    id VARCHAR(36) NOT NULL,
    event_name VARCHAR(200) NOT NULL,
    total_seats INT NOT NULL,
    available_seats INT NOT NULL,
    max_per_user INT NULL,
    event_date DATETIME(3) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    fence BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY idx_events_date (event_date, id),
    CONSTRAINT chk_events_available CHECK (available_seats >= 0 AND available_seats <= total_seats)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  `CREATE TABLE reservations (
    id VARCHAR(36) NOT NULL,
    event_id VARCHAR(36) NOT NULL,
    user_id VARCHAR(191) NOT NULL,
    quantity INT NOT NULL,
    status VARCHAR(16) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    cancelled_at DATETIME(3) NULL,
    idempotency_key VARCHAR(191) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_reservations_user_key (user_id, idempotency_key),
    KEY idx_reservations_user_created (user_id, created_at, id),
    KEY idx_reservations_event_status (event_id, status, user_id),
    CONSTRAINT fk_reservations_event FOREIGN KEY (event_id) REFERENCES events (id),
    CONSTRAINT chk_reservations_quantity CHECK (quantity > 0)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
];

const SQLITE = [
  `CREATE TABLE events (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    event_name VARCHAR(200) NOT NULL,
    total_seats INTEGER NOT NULL,
    available_seats INTEGER NOT NULL,
    max_per_user INTEGER NULL,
    event_date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    fence INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT chk_events_available CHECK (available_seats >= 0 AND available_seats <= total_seats)
  )`,
  `CREATE INDEX idx_events_date ON events (event_date, id)`,
  `CREATE TABLE reservations (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    event_id VARCHAR(36) NOT NULL REFERENCES events (id),
    user_id VARCHAR(191) NOT NULL,
    quantity INTEGER NOT NULL,
    status VARCHAR(16) NOT NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT NULL,
    idempotency_key VARCHAR(191) NULL,
    CONSTRAINT chk_reservations_quantity CHECK (quantity > 0)
  )`,
  `CREATE UNIQUE INDEX uq_reservations_user_key ON reservations (user_id, idempotency_key)`,
  `CREATE INDEX idx_reservations_user_created ON reservations (user_id, created_at, id)`,
  `CREATE INDEX idx_reservations_event_status ON reservations (event_id, status, user_id)`,
];

/** Events and reservations with the seat guard (CHECK available_seats >= 0) and an index for every query. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = "InitialSchema1764000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = queryRunner.connection.options.type === "sqljs" ? SQLITE : MYSQL;
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE reservations");
    await queryRunner.query("DROP TABLE events");
  }
}

export const migrations = [InitialSchema1764000000000];
