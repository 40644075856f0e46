/** The keyword index's compact postings give back exactly the lists they were built from. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Postings } from '../src/services/postings.ts'

test('delta-varint postings decode to the ascending lists they encoded, every gap size', () => {
  let seed = 7
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 2 ** 32
  }
  const lists = new Map<string, Int32Array>()
  // Gaps of 1, 2, 3, 4 and 5 varint bytes, and an empty list.
  for (const [gram, maxGap] of [
    ['aa', 1],
    ['ab', 200],
    ['ac', 20_000],
    ['ad', 3_000_000],
    ['ae', 400_000_000],
  ] as const) {
    let pk = 0
    const pks = Array.from({ length: 500 }, () => (pk += 1 + Math.floor(random() * maxGap)))
    lists.set(gram, Int32Array.from(pks.filter((p) => p < 2 ** 31)))
  }
  const expected = new Map([...lists].map(([g, l]) => [g, Array.from(l)]))
  const postings = new Postings()
  const each = (f: (gram: string, pk: number) => void) => {
    // In pk order across grams, as the index's passes read titles.
    const all = [...lists].flatMap(([g, l]) => Array.from(l, (pk) => [g, pk] as const))
    for (const [g, pk] of all.sort((x, y) => x[1] - y[1])) f(g, pk)
  }
  each((g, pk) => postings.plan(g, pk))
  postings.allocate()
  each((g, pk) => postings.add(g, pk))
  for (const [gram, pks] of expected) assert.deepEqual(Array.from(postings.get(gram)), pks, gram)
  assert.deepEqual(Array.from(postings.get('zz')), [])
})

test('a second pass that leaves postings out (a title changed between passes) stays in its runs', () => {
  const postings = new Postings()
  const pks = [5, 100, 20_000, 20_001, 3_000_000]
  for (const pk of pks) postings.plan('ab', pk)
  for (const pk of pks) postings.plan('cd', pk)
  postings.allocate()
  for (const pk of [5, 3_000_000]) postings.add('ab', pk) // one delta over three skipped pks
  for (const pk of pks) postings.add('cd', pk)
  postings.add('zz', 7) // a gram the first pass never saw
  assert.deepEqual(Array.from(postings.get('ab')), [5, 3_000_000])
  assert.deepEqual(Array.from(postings.get('cd')), pks)
  assert.deepEqual(Array.from(postings.get('zz')), [])
})
