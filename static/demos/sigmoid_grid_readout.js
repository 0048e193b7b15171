// The sigmoid grid's formulas with numbers filled in, for the hover read-out and the captions of
// the hidden neurons. Pure (no DOM), so node --test checks how signs are written.

import { forwardPass } from "./sigmoid_grid_math.js";
import { formulaNumber as fmt, signedSum } from "./ui.js";

/** Hidden neuron k's formula with this state's numbers: "sigmoid(4×x + 4×y − 3)". */
export function neuronFormula(state, k) {
  const [w00, w01, w10, w11] = state.w_im;
  const weights = k === 0 ? [w00, w10] : [w01, w11];
  return `sigmoid(${signedSum([[weights[0], "x"], [weights[1], "y"], [state.b_im[k]]])})`;
}

/** How the output combines the two hidden neurons: "out = 1×mid[0] − 1×mid[1] + 0.1". */
export function combinationFormula(state) {
  return `out = ${signedSum([[state.w_mo[0], "mid[0]"], [state.w_mo[1], "mid[1]"], [state.b_mo[0]]])}`;
}

/** The forward pass of cell (i, j) at (x, y), line by line, as the lesson's code computes it. */
export function passLines(i, j, x, y, state) {
  const pass = forwardPass(x, y, state);
  const [w00, w01, w10, w11] = state.w_im;
  const [b0, b1] = state.b_im;
  const [v0, v1] = state.w_mo;
  return [
    `i = ${i}, j = ${j}:  x = X[${i}] = ${fmt(x)},  y = Y[${j}] = ${fmt(y)}`,
    `inp = [x, y] = [${fmt(x)}, ${fmt(y)}]`,
    `u = inp·w_im + b_im = [${signedSum([[x, w00], [y, w10], [b0]])}, ${signedSum([[x, w01], [y, w11], [b1]])}]`,
    `  = [${fmt(pass.u[0])}, ${fmt(pass.u[1])}]`,
    `mid = sigmoid(u) = 1/(1+exp(−u)) = [${fmt(pass.mid[0])}, ${fmt(pass.mid[1])}]`,
    `out = mid·w_mo + b_mo = ${signedSum([[pass.mid[0], v0], [pass.mid[1], v1], [state.b_mo[0]]])}`,
    `  = ${fmt(pass.out)}  → Z[${j}][${i}]`,
  ];
}
