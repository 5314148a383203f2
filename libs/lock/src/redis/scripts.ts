import queue from "./lua/queue.lua";
import mutex from "./lua/mutex.lua";
import mutexAcquire from "./lua/mutex-acquire.lua";
import mutexAcquireOne from "./lua/mutex-acquire-one.lua";
import mutexCancel from "./lua/mutex-cancel.lua";
import mutexExtend from "./lua/mutex-extend.lua";
import mutexRelease from "./lua/mutex-release.lua";
import mutexReleaseOne from "./lua/mutex-release-one.lua";
import mutexTransfer from "./lua/mutex-transfer.lua";
import raiseFence from "./lua/raise-fence.lua";
import semaphore from "./lua/semaphore.lua";
import semaphoreAcquire from "./lua/semaphore-acquire.lua";
import semaphoreCancel from "./lua/semaphore-cancel.lua";
import semaphoreExtend from "./lua/semaphore-extend.lua";
import semaphoreRelease from "./lua/semaphore-release.lua";
import { Script } from "./script.js";

const mutexLib = `${queue}\n${mutex}\n`;
const semaphoreLib = `${queue}\n${semaphore}\n`;

export const scripts = {
  mutex: {
    acquire: new Script(mutexLib + mutexAcquire),
    acquireOne: new Script(mutexLib + mutexAcquireOne),
    release: new Script(mutexLib + mutexRelease),
    releaseOne: new Script(mutexLib + mutexReleaseOne),
    transfer: new Script(mutexTransfer),
    extend: new Script(mutexExtend),
    cancel: new Script(mutexLib + mutexCancel),
  },
  semaphore: {
    acquire: new Script(semaphoreLib + semaphoreAcquire),
    release: new Script(semaphoreLib + semaphoreRelease),
    extend: new Script(semaphoreLib + semaphoreExtend),
    cancel: new Script(semaphoreLib + semaphoreCancel),
  },
  raiseFence: new Script(raiseFence),
} as const;
