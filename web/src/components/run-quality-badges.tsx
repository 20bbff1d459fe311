// A run's quality flags as small amber labels, each with what the heuristic saw in its tooltip.
import type { QualityBadge } from "../lib/run-evidence.ts";

export function RunQualityBadges({ badges }: { badges: readonly QualityBadge[] }) {
  if (badges.length === 0) return null;
  return (
    <span className="inline-flex flex-wrap items-center gap-1" aria-label="Quality flags">
      {badges.map((badge) => (
        <span
          key={badge.flag}
          title={badge.title}
          className="inline-flex items-center rounded-tremor-small bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300"
        >
          {badge.label}
        </span>
      ))}
    </span>
  );
}
