// The upstream code the verifiable scorers reproduce, named in every signature so a score can be traced to it.

/** volcengine/verl commit whose `verl/utils/reward_score/{gsm8k,math_reward,math_dapo}.py` the goldens were made with. */
export const VERL_COMMIT = 'b178a3cd56f58b2d502255daba591e92833930a7';

/** Signature field naming the reference: `ref:verl@b178a3c`. */
export const VERL_REF = `verl@${VERL_COMMIT.slice(0, 7)}`;
