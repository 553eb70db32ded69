import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DebuggerHold } from '../../client/src/taskTree/debuggerHold.ts';

type Message = ['request', string] | ['response', string, boolean] | ['event', string];

/** Feeds `messages` in order; returns [stopped, held] after each. */
function play(messages: Message[], hold = new DebuggerHold()): [boolean, boolean][] {
  return messages.map((message) => {
    if (message[0] === 'request') hold.request(message[1]);
    else if (message[0] === 'response') hold.response(message[1], message[2]);
    else hold.event(message[1]);
    return [hold.stopped, hold.held];
  });
}

test('a pause that stops at once: stopped and held until continue', () => {
  assert.deepEqual(play([['request', 'pause'], ['response', 'pause', true], ['event', 'stopped'], ['request', 'continue'], ['event', 'continued']]), [
    [false, true], [false, true], [true, true], [false, false], [false, false],
  ]);
});

test('a pause js-debug resolves by stepping out of skipped files (recorded: continued ×100, then stopped "step") holds throughout, without being stopped', () => {
  const steps: Message[] = Array.from({ length: 100 }, (): Message => ['event', 'continued']);
  const states = play([['request', 'pause'], ['response', 'pause', true], ...steps, ['event', 'stopped'], ['request', 'continue'], ['event', 'continued']]);
  assert.ok(states.slice(0, 102).every(([stopped, held]) => !stopped && held), 'held, and polled, while js-debug steps');
  assert.deepEqual(states.slice(102), [[true, true], [false, false], [false, false]]);
});

test('a breakpoint (stopped without a pause request) holds until any run request; a step runs', () => {
  for (const run of ['continue', 'next', 'stepIn', 'stepOut', 'restartFrame']) {
    assert.deepEqual(play([['event', 'stopped'], ['request', run]]), [[true, true], [false, false]], run);
  }
  assert.deepEqual(play([['event', 'stopped'], ['request', 'stackTrace'], ['request', 'evaluate']]), [[true, true], [true, true], [true, true]]);
});

test('a pause that fails holds nothing; a resume from elsewhere (continued) ends a stop', () => {
  assert.deepEqual(play([['request', 'pause'], ['response', 'pause', false]]), [[false, true], [false, false]]);
  assert.deepEqual(play([['response', 'evaluate', false]]), [[false, false]]);
  assert.deepEqual(play([['event', 'stopped'], ['event', 'continued']]), [[true, true], [false, false]]);
});
