import { I2xError } from '../util/I2xError.js';

/** Checks that a coefficient matrix is `[K, C]` and finite; `where` names it in the message. */
export function assertBetaShape(beta: Float64Array, K: number, C: number, where: string): void {
  if (!Number.isInteger(K) || K < 1 || !Number.isInteger(C) || C < 2) {
    throw new I2xError('E_ANALYSIS', `${where}: K = ${K}, C = ${C}; expected integers K >= 1 and C >= 2`);
  }
  if (beta.length !== K * C) {
    throw new I2xError('E_ANALYSIS', `${where} has ${beta.length} values; expected K*C = ${K}*${C} = ${K * C}`);
  }
  const bad = beta.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new I2xError(
      'E_ANALYSIS',
      `${where}[prototype ${Math.floor(bad / C)}, class ${bad % C}] is ${beta[bad]}; only finite values are accepted`,
    );
  }
}
