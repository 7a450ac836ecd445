import { generationsToCollect } from './vm-gc.service';

const gens = (...ns: number[]) => ns.map((number) => ({ number }));

describe('generationsToCollect', () => {
  it('keeps the newest `keep` generations and collects the rest, oldest included', () => {
    expect(generationsToCollect(gens(1, 2, 3, 4, 5, 6), 3, new Set()).sort()).toEqual([1, 2, 3]);
  });

  it('never collects a referenced generation (the running one, the rollback target, one a deployment names)', () => {
    expect(generationsToCollect(gens(1, 2, 3, 4, 5, 6), 2, new Set([1, 3])).sort()).toEqual([2, 4]);
  });

  it('collects nothing when there are no more than `keep`', () => {
    expect(generationsToCollect(gens(4, 2), 2, new Set())).toEqual([]);
    expect(generationsToCollect([], 1, new Set())).toEqual([]);
  });

  it('does not depend on the order it is given', () => {
    expect(generationsToCollect(gens(6, 1, 4, 2, 5, 3), 4, new Set()).sort()).toEqual([1, 2]);
  });
});
