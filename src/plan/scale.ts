// The rating scale. EH2020's progress assessment indicator is a three-point dashboard rating; a plan
// may define its own levels, labels and colours in rating_scale.

export interface ScaleLevel {
  value: number;
  label: string;
  description?: string;
  color: string;
}

export interface RatingScale {
  name: string;
  levels: ScaleLevel[];
}

// Red, amber and green that stay apart when printed in grey (27%, 77% and 53%) and carry text at a
// contrast above WCAG AA, 6:1 or better (test/units.test.ts checks both).
export const DEFAULT_SCALE: RatingScale = {
  name: 'Progress Assessment Indicator',
  levels: [
    { value: 1, label: 'Needs urgent attention', description: 'Little or no progress; the work is off track.', color: '#a11d1d' },
    { value: 2, label: 'Progressing', description: 'Work is under way; some targets are not yet met.', color: '#f6c445' },
    { value: 3, label: 'On track', description: 'Work is complete or on target.', color: '#5aa55e' },
  ],
};
