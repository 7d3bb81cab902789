// @ts-check
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/**
 * Stryker ignorer `fault-injection` (stryker.config.mjs): no mutants in the bundled portal's fault injection. The critical
 * suite runs without faults, so a fault's switch and the code it guards are never exercised: their mutants could only
 * survive (the switch turned off is the healthy portal) or repeat what the fault-detection matrix proves already (the
 * switch turned on is the fault itself). Ignored, each with this reason in the report:
 *  - a switch: `faults.has('…')` (also negated), and the options and parameters that carry one into pricing and validation;
 *  - an expression that is false whenever its switch is off (`switch && …`);
 *  - the branch a switch guards: the `if` it opens, the `? …` it selects.
 * Everything else on the same line stays mutated (a `// Stryker disable` comment would take the whole line), e.g. the
 * business half of `options.skipRangeRules || (quantity >= 500 && …)`.
 * Stryker loads plugins with Node's plain `import`, so this one is JavaScript.
 */

/** Options and parameters that carry a fault switch (see portal/pricing.ts, validation.ts, routes/public.ts). */
const SWITCH_NAMES = new Set([
  'vatOnSubtotal',
  'largeDiscountAboveThreshold',
  'rejectLeadingZeroPostcode',
  'rejectLeadingZero',
  'skipRangeRules',
  'misstated',
  'instanceDown',
  'wrongRegion',
]);

const REASON = 'fault injection: acts only while a fault of portal/faults.ts is on, and the critical suite runs without faults';

/**
 * @typedef {{ type: string, [key: string]: any }} Node
 * @typedef {{ node: Node, parent: Node | null, key: string | number | null, parentPath: { node: Node, parent: Node | null, key: string | number | null } | null }} Path
 */

/** `faults.has('…')` or `x.faults.has('…')`. @param {Node | null | undefined} node */
function isFaultsHas(node) {
  if (node?.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const { object, property } = node.callee;
  if (property.type !== 'Identifier' || property.name !== 'has') return false;
  return (
    (object.type === 'Identifier' && object.name === 'faults') ||
    (object.type === 'MemberExpression' && object.property.type === 'Identifier' && object.property.name === 'faults')
  );
}

/** A fault switch: `faults.has(…)`, a switch option or parameter, or either negated. @param {Node | null | undefined} node */
function isSwitch(node) {
  if (!node) return false;
  if (isFaultsHas(node)) return true;
  if (node.type === 'Identifier') return SWITCH_NAMES.has(node.name);
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier')
    return SWITCH_NAMES.has(node.property.name);
  if (node.type === 'UnaryExpression' && node.operator === '!') return isSwitch(node.argument);
  return false;
}

/** True only while a fault is on: a (non-negated) switch, or `…&&…` with such a side. @param {Node | null | undefined} node */
function isFaultOnly(node) {
  if (!node) return false;
  if (node.type === 'UnaryExpression') return false;
  if (isSwitch(node)) return true;
  if (node.type === 'LogicalExpression' && node.operator === '&&') return isFaultOnly(node.left) || isFaultOnly(node.right);
  return false;
}

/** Whether this node is the switch or the guarded branch of a fault injection. @param {Path} path */
function isFaultInjection(path) {
  const { node, parent, key } = path;
  if (isSwitch(node) || isFaultOnly(node)) return true;
  // A parameter defaulting a switch (`rejectLeadingZero = false`): its default is the switch's value.
  if (node.type === 'AssignmentPattern' && isSwitch(node.left)) return true;
  if (!parent) return false;
  if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && key === 'consequent') return isFaultOnly(parent.test);
  return false;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'fault-injection', {
    /** @param {any} path a Babel NodePath */
    shouldIgnore(path) {
      return isFaultInjection(path) ? REASON : undefined;
    },
  }),
];
