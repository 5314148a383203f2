import { ExactUserIds1765000000000 } from "./exact-user-ids.js";
import { InitialSchema1764000000000 } from "./initial-schema.js";
import { SeatHolds1766000000000 } from "./seat-holds.js";

export { ExactUserIds1765000000000, InitialSchema1764000000000, SeatHolds1766000000000 };

/** Every migration, oldest first: the tables are what these make them. */
export const migrations = [InitialSchema1764000000000, ExactUserIds1765000000000, SeatHolds1766000000000];

/** The table in which TypeORM records the migrations that ran. */
export const MIGRATIONS_TABLE = "reservation_migrations";
