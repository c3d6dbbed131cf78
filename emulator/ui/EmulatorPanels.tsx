import type { ReadonlySignal } from '@preact/signals';
import type { Runtime } from '../simulator/runtime';
import { Inspector } from './Inspector';
import type { Workbench } from './model';
import { SimulatorPanel } from './SimulatorPanel';

export interface EmulatorPanelsProps {
  wb: Workbench;
  runtime: Runtime;
  framed: boolean;
  policy: ReadonlySignal<string> | null;
}

/** The emulator-only panels, in a chunk of their own: the vendor's workbench paints without waiting for them. */
export function EmulatorPanels({ wb, runtime, framed, policy }: EmulatorPanelsProps) {
  return (
    <>
      <SimulatorPanel wb={wb} />
      <Inspector runtime={runtime} framed={framed} policy={policy} />
    </>
  );
}
