export interface SparklineProps {
  /** Oldest first. */
  values: readonly number[];
  label: string;
  width?: number;
  height?: number;
}

/** A small line chart drawn as inline SVG (no library, nothing fetched); its figures are also given as text nearby. */
export function Sparkline({ values, label, width = 240, height = 48 }: SparklineProps) {
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const y = (value: number) => height - 2 - ((value - min) / (max - min || 1)) * (height - 4);
  const points = values
    .map((value, index) => `${(index * step).toFixed(1)},${y(value).toFixed(1)}`)
    .join(" ");
  return (
    <svg
      class="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={label}
    >
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" />
    </svg>
  );
}
