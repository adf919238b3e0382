/** What `ridge` is asked (options) and what it returns (result). */
export interface RidgeOptions {
  /** penalty on ‖beta‖² (sklearn's `alpha`: the loss is ‖Y - Xβ - 1b‖² + lambda ‖β‖², not averaged) */
  lambda: number;
  /** fit an unpenalised intercept by centring X and Y on the rows used (default true) */
  intercept?: boolean;
  /**
   * What NaN in X means. 'zero': the value is 0, i.e. a prototype absent from a sample contributes no
   * intensity change; 'drop-rows': rows with any NaN are left out. Required when X holds NaN.
   */
  missing?: 'zero' | 'drop-rows';
  /** [rows] rows to fit on (truthy / non-zero); default all */
  mask?: ArrayLike<number | boolean>;
}

export interface RidgeResult {
  /** [p, q] coefficients: column j maps the p inputs to output j */
  beta: Float64Array;
  /** [q] */
  intercept: Float64Array;
  /** [q] coefficient of determination per output on the rows used (1 - SSres / SStot) */
  r2: Float64Array;
  /** 1 - ΣSSres / ΣSStot over all outputs (sklearn's 'variance_weighted') */
  r2Overall: number;
  rowsUsed: number;
  /** NaN cells and rows holding any NaN, among the rows the mask keeps */
  missing: { mode: 'zero' | 'drop-rows' | 'none'; cells: number; rows: number };
}
