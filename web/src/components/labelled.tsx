// Gives a Tremor Select or SearchSelect an accessible name. Both pass `aria-label` and `id` to a
// wrapper or a hidden <select> instead of the control a screen reader lands on, so this names the
// combobox input / listbox button inside after each render.
import { useLayoutEffect, useRef, type ReactNode } from "react";

export function Labelled({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    for (const control of ref.current?.querySelectorAll("input, button[aria-haspopup], button[role='combobox']") ?? []) {
      if (control.getAttribute("aria-label") !== label) control.setAttribute("aria-label", label);
    }
  });
  return (
    <div ref={ref} className={className}>
      {children}
    </div>
  );
}
