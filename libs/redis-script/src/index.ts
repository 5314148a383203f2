export type { ScriptClient } from "./client.js";
export { defineScript, type RedisScript, type ScriptDefinition } from "./define-script.js";
export { RedisScriptError, ScriptKeysError, ScriptReplyError, type RedisScriptErrorCode } from "./errors.js";
export { arrayReply, integerArrayReply, integerReply, nullableStringReply, stringReply } from "./replies.js";
