// ExceptionGroup with Python's semantics (split, subgroup, nested groups), nonCancelSubgroup,
// and the exported error classes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  BrokenResourceError,
  Cancelled,
  ClosedResourceError,
  EndOfStream,
  ExceptionGroup,
  nonCancelSubgroup,
  TimeoutError,
  WouldBlock,
} from '../../runtime/src/index.ts';

class NetError extends Error { override name = 'NetError'; }
class DnsError extends NetError { override name = 'DnsError'; }
class DiskError extends Error { override name = 'DiskError'; }

function group(message: string, ...exceptions: unknown[]): ExceptionGroup {
  return new ExceptionGroup(message, exceptions);
}

/** A readable shape of a group: its message and members, nested groups as nested shapes. */
function shape(error: unknown): unknown {
  if (error instanceof ExceptionGroup) return { [error.message]: error.exceptions.map(shape) };
  return error instanceof Error ? error.message : error;
}

describe('ExceptionGroup', () => {
  test('takes the message first and keeps the exceptions in order', () => {
    const a = new Error('a');
    const b = new TypeError('b');
    const eg = new ExceptionGroup('two failed', [a, b]);
    assert.equal(eg.message, 'two failed');
    assert.deepEqual(eg.exceptions, [a, b]);
    assert.equal(eg.exceptions[0], a);
    assert.equal(eg.name, 'ExceptionGroup');
    assert.ok(eg instanceof AggregateError);
    assert.ok(eg instanceof Error);
  });

  test('refuses an empty list of exceptions, as Python does', () => {
    assert.throws(() => new ExceptionGroup('none', []));
  });

  test('subgroup(ErrorClass) keeps the matching leaves and the nesting, or gives undefined', () => {
    const net = new NetError('net');
    const dns = new DnsError('dns');
    const disk = new DiskError('disk');
    const eg = group('outer', net, group('inner', dns, disk), disk);
    const sub = eg.subgroup(NetError);
    assert.ok(sub instanceof ExceptionGroup);
    assert.deepEqual(shape(sub), { outer: ['net', { inner: ['dns'] }] });
    assert.equal(sub.exceptions[0], net, 'the leaves are the same objects');
    assert.equal(eg.subgroup(RangeError), undefined);
  });

  test('subgroup returns the group itself when everything matches', () => {
    const eg = group('all', new DnsError('1'), group('nested', new NetError('2')));
    assert.equal(eg.subgroup(NetError), eg);
  });

  test('split(ErrorClass) gives [matched, rest], each keeping the structure and messages', () => {
    const eg = group('outer', new NetError('n1'), group('inner', new DiskError('d1'), new DnsError('n2')), new DiskError('d2'));
    const [match, rest] = eg.split(NetError);
    assert.deepEqual(shape(match), { outer: ['n1', { inner: ['n2'] }] });
    assert.deepEqual(shape(rest), { outer: [{ inner: ['d1'] }, 'd2'] });
  });

  test('split gives undefined for an empty side', () => {
    const eg = group('g', new DiskError('d'));
    const [none, all] = eg.split(NetError);
    assert.equal(none, undefined);
    assert.equal(all, eg, 'nothing matched: the rest is the group itself');
    const [everything, nothing] = eg.split(DiskError);
    assert.equal(everything, eg);
    assert.equal(nothing, undefined);
  });

  test('split(Error) matches the group itself, as except* Exception does', () => {
    const eg = group('g', new DiskError('d'), 'not an error');
    const [match, rest] = eg.split(Error);
    assert.equal(match, eg);
    assert.equal(rest, undefined);
  });

  test('a predicate is applied to leaves', () => {
    const eg = group('g', new Error('keep 1'), new Error('drop'), group('n', new Error('keep 2')));
    const [match, rest] = eg.split((e) => e instanceof Error && e.message.startsWith('keep'));
    assert.deepEqual(shape(match), { g: ['keep 1', { n: ['keep 2'] }] });
    assert.deepEqual(shape(rest), { g: ['drop'] });
  });

  test('a predicate is applied to nested groups too: a group it accepts is taken whole', () => {
    const eg = group('outer', new DiskError('x'), group('take me', new NetError('a'), new DiskError('b')), new NetError('c'));
    const seen: unknown[] = [];
    const [match, rest] = eg.split((e) => {
      seen.push(e);
      return e instanceof ExceptionGroup && e.message === 'take me';
    });
    assert.deepEqual(shape(match), { outer: [{ 'take me': ['a', 'b'] }] });
    assert.deepEqual(shape(rest), { outer: ['x', 'c'] });
    assert.ok(seen.includes(eg), 'the predicate saw the outer group');
    assert.ok(seen.some((e) => e instanceof ExceptionGroup && e.message === 'take me'), 'and the nested group');
    const taken = match!.exceptions[0];
    assert.equal(taken, eg.exceptions[1], 'a group taken whole is the same object');
  });

  test('a predicate accepting the outer group takes it whole', () => {
    const eg = group('outer', new DiskError('x'));
    const [match, rest] = eg.split((e) => e instanceof ExceptionGroup);
    assert.equal(match, eg);
    assert.equal(rest, undefined);
    assert.equal(eg.subgroup((e) => e === eg), eg);
  });

  test('nested groups are searched recursively through several levels', () => {
    const deep = new DnsError('deep');
    const eg = group('1', group('2', group('3', new DiskError('d'), deep)));
    const sub = eg.subgroup(DnsError);
    assert.deepEqual(shape(sub), { 1: [{ 2: [{ 3: ['deep'] }] }] });
    const [, rest] = eg.split(DnsError);
    assert.deepEqual(shape(rest), { 1: [{ 2: [{ 3: ['d'] }] }] });
  });

  test('a derived group keeps the cause of the original', () => {
    const cause = new Error('root cause');
    const eg = group('g', new NetError('n'), new DiskError('d'));
    eg.cause = cause;
    const [match, rest] = eg.split(NetError);
    assert.equal(match?.cause, cause);
    assert.equal(rest?.cause, cause);
    assert.ok(match instanceof ExceptionGroup);
  });
});

describe('nonCancelSubgroup', () => {
  test('removes every Cancelled, at any depth, keeping the rest', () => {
    const disk = new DiskError('d');
    const net = new NetError('n');
    const eg = group('g', new Cancelled('c1'), disk, group('inner', new Cancelled('c2'), net));
    const rest = nonCancelSubgroup(eg);
    assert.deepEqual(shape(rest), { g: ['d', { inner: ['n'] }] });
  });

  test('drops a nested group holding only Cancelled', () => {
    const eg = group('g', new DiskError('d'), group('only cancels', new Cancelled('a'), new Cancelled('b')));
    assert.deepEqual(shape(nonCancelSubgroup(eg)), { g: ['d'] });
  });

  test('gives undefined when there is nothing but Cancelled, and for a bare Cancelled', () => {
    assert.equal(nonCancelSubgroup(group('g', new Cancelled('a'), group('n', new Cancelled('b')))), undefined);
    assert.equal(nonCancelSubgroup(new Cancelled('bare')), undefined);
  });

  test('gives the group itself when it holds no Cancelled', () => {
    const eg = group('g', new DiskError('d'));
    assert.equal(nonCancelSubgroup(eg), eg);
  });
});

describe('error classes', () => {
  for (const [Class, name] of [
    [TimeoutError, 'TimeoutError'],
    [ClosedResourceError, 'ClosedResourceError'],
    [EndOfStream, 'EndOfStream'],
    [WouldBlock, 'WouldBlock'],
    [BrokenResourceError, 'BrokenResourceError'],
    [Cancelled, 'Cancelled'],
  ] as const) {
    test(`${name} extends Error and is named "${name}"`, () => {
      const error = new Class('message');
      assert.ok(error instanceof Error);
      assert.equal(error.name, name);
      assert.equal(error.message, 'message');
    });
  }
});
