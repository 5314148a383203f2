import { ReservationEngine } from "../src/index.js";
import { sqljs } from "../src/sqljs.js";
import { holdsConformance } from "./helpers/holds-conformance.js";

holdsConformance("sql.js with in-process admission", async (options = {}) => {
  const engine = await ReservationEngine.create({ database: sqljs(), ...options });
  return { engine, close: () => engine.close() };
});
