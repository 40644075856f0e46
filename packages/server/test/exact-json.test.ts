import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseExactJson } from '../src/exact-json.ts'

test('integers beyond 2^53 keep their digits as BigInt; everything else is JSON.parse', () => {
  assert.deepEqual(
    parseExactJson('{"a":[1796194434000000299,9007199254740991,-9007199254740993]}'),
    {
      a: [1796194434000000299n, 9007199254740991, -9007199254740993n],
    },
  )
  assert.deepEqual(parseExactJson('[1.5,1e20,17961944340000002990.0,0]'), [
    1.5,
    1e20,
    Number('17961944340000002990.0'),
    0,
  ])
})

test('digits inside strings, escaped quotes included, are left alone', () => {
  const text = '{"k\\"1796194434000000299":"x\\"1796194434000000299\\\\","n":1796194434000000299}'
  assert.deepEqual(parseExactJson(text), {
    'k"1796194434000000299': 'x"1796194434000000299\\',
    n: 1796194434000000299n,
  })
})

test('malformed JSON still throws', () => {
  assert.throws(() => parseExactJson('{"a":1796194434000000299'), SyntaxError)
  assert.throws(() => parseExactJson('{"a":"1796194434000000299}'), SyntaxError)
})
