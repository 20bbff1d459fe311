// Text a screen reader gets instead of a chart: the range of a series, its total and its peak.

export interface SummaryPoint {
  label: string;
  value: number | null;
}

/** "12 points from Nov 1 to Nov 12: total $42.10, highest $8.20 on Nov 7, lowest $0.50 on Nov 2." */
export function summarizeSeries(
  points: readonly SummaryPoint[],
  format: (value: number) => string,
  { total = true }: { total?: boolean } = {},
): string {
  const known = points.filter((point): point is { label: string; value: number } => point.value !== null && Number.isFinite(point.value));
  if (points.length === 0 || known.length === 0) return "No data in this range.";
  const first = points[0]!;
  const last = points[points.length - 1]!;
  let high = known[0]!;
  let low = known[0]!;
  for (const point of known) {
    if (point.value > high.value) high = point;
    if (point.value < low.value) low = point;
  }
  const sum = known.reduce((acc, point) => acc + point.value, 0);
  const parts = [`${points.length} ${points.length === 1 ? "point" : "points"} from ${first.label} to ${last.label}`];
  const figures = [
    ...(total ? [`total ${format(sum)}`] : []),
    `highest ${format(high.value)} on ${high.label}`,
    `lowest ${format(low.value)} on ${low.label}`,
  ];
  return `${parts[0]}: ${figures.join(", ")}.`;
}

/** "gpt-4o $12.00 (48%), claude-sonnet-4 $8.00 (32%), …" for a breakdown (bars, donuts). */
export function summarizeBreakdown(items: readonly { label: string; value: number }[], format: (value: number) => string, max = 6): string {
  if (items.length === 0) return "No data in this range.";
  const total = items.reduce((sum, item) => sum + item.value, 0);
  const shown = items
    .slice(0, max)
    .map((item) => `${item.label} ${format(item.value)}${total > 0 ? ` (${Math.round((item.value / total) * 100)}%)` : ""}`);
  return `${shown.join(", ")}${items.length > max ? `, and ${items.length - max} more` : ""}.`;
}
