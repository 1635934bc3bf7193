// What changed between two plans for the same request: who came in, who left, how the outcome moved.
export interface PlanDiff { added: string[]; removed: string[]; kept: number; outcomeDelta: number; spentDelta: number }

export function diffPlans(
  prev: { chosen: { xUserId: string }[]; outcome: { expected: number }; spent: number } | null,
  next: { chosen: { xUserId: string }[]; outcome: { expected: number }; spent: number },
): PlanDiff {
  const before = new Set(prev?.chosen.map((c) => c.xUserId) ?? []);
  const after = new Set(next.chosen.map((c) => c.xUserId));
  return {
    added: [...after].filter((id) => !before.has(id)).sort(),
    removed: [...before].filter((id) => !after.has(id)).sort(),
    kept: [...after].filter((id) => before.has(id)).length,
    outcomeDelta: next.outcome.expected - (prev?.outcome.expected ?? 0),
    spentDelta: next.spent - (prev?.spent ?? 0),
  };
}
