// The public API of `corral`. The contract is docs/runtime.md; each name is documented where it
// is defined.
export { currentTime } from './clock.ts';
export {
  BrokenResourceError,
  Cancelled,
  ClosedResourceError,
  EndOfStream,
  getCancelledExcClass,
  isCancelled,
  StaleCancelledError,
  TimeoutError,
  WouldBlock,
} from './errors.ts';
export { CancelScope, type CancelScopeOptions } from './core/cancelScope.ts';
export { cancellable, checkpoint, sleep, sleepForever, sleepUntil } from './core/checkpoints.ts';
export { currentSignal, effectiveDeadline, failAfter, failAt, moveOnAfter, moveOnAt, shield } from './core/blocks.ts';
export { ExceptionGroup, nonCancelSubgroup, type ErrorMatcher } from './core/exceptionGroup.ts';
export {
  createTaskGroup,
  TASK_STATUS_IGNORED,
  TaskGroup,
  type TaskGroupOptions,
  type TaskOptions,
  type TaskStatus,
} from './core/taskGroup.ts';
export { Queue, type QueueStatistics } from './sync/queue.ts';
export { Event } from './sync/event.ts';
export { Lock } from './sync/lock.ts';
export { Semaphore, type SemaphoreOptions } from './sync/semaphore.ts';
export { CapacityLimiter, type CapacityLimiterStatistics } from './sync/capacityLimiter.ts';
export { Condition } from './sync/condition.ts';
export { gather } from './patterns/gather.ts';
export { race } from './patterns/race.ts';
export { boundedMap, type BoundedMapOptions } from './patterns/boundedMap.ts';
export { completionStream, type CompletionStreamOptions } from './patterns/completionStream.ts';
export { retry, type RetryOptions } from './patterns/retry.ts';
export { devtools, formatTaskTree, taskTreeSnapshot, type DevtoolsHook } from './tracing/devtools.ts';
export type * from './tracing/types.ts';
