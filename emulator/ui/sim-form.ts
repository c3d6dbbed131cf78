import type { Signal } from '@preact/signals';
import type { TargetedInputEvent } from 'preact';
import type { Input, StepResult } from '../world';
import type { Workbench } from './model';

/** What the simulator panel says under its forms: what the last action did, or why the world refused it. */
export type Outcome = { kind: 'error' | 'info'; text: string } | null;

/** What each of the simulator panel's forms gets from the panel. */
export interface FormProps {
  wb: Workbench;
  /** Applies an input through the model and reports its refusal, or `summarize`'s account of what it did. */
  run: (input: Input, summarize: (result: StepResult) => string) => void;
  report: (outcome: Outcome) => void;
}

/** An input's onInput handler that keeps `target` equal to what was typed. */
export const typedInto =
  (target: Signal<string>) =>
  (event: TargetedInputEvent<HTMLInputElement>): void => {
    target.value = event.currentTarget.value;
  };

/** A text field left empty (or blank) leaves its option out. */
export const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
