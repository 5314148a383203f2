/**
 * The two methods of a connected @redis/client v5/v6 client or cluster client (`createClient`, `createCluster`)
 * that a script needs. Anything else with this shape works too: an adapter over another client, a test double.
 * On a cluster client the command is routed by the first key, so every key of one call must share a hash slot.
 */
export interface ScriptClient {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}
