// A demo's inputs as the server defines them: Demo.as_json() (demos/registry.py), which the page
// carries in the demo root's data-spec and static/js/demos.js hands to mount() as ctx.spec.
// Every bound, choice list and demo-wide limit (the most points per axis) comes from there, so
// no module repeats a number the server owns; this turns it into url_state.js address tables.

/** One parameter's spec ({kind, min, max, step, length, choices, default}) as a url_state field. */
export function specField(param) {
  switch (param.kind) {
    case "int":
      return { type: "number", default: param.default, min: param.min, max: param.max, step: param.step ?? 1, integer: true };
    case "float":
      return { type: "number", default: param.default, min: param.min, max: param.max, step: param.step ?? "any" };
    case "floats":
      return { type: "numbers", default: [...param.default], length: param.length, min: param.min, max: param.max, step: param.step ?? "any" };
    case "choice":
      return { type: "choice", default: param.default, choices: param.choices.map(([value]) => value) };
    case "str":
      return { type: "text", default: param.default, example: param.example ?? param.default, parse: (text) => text };
    default:
      throw new Error(`unknown parameter kind ${param.kind}`);
  }
}

/** The spec's parameter `key`; a page without it is a server/module mismatch worth a loud error. */
export function specParam(spec, key) {
  const param = spec?.params?.[key];
  if (!param) throw new Error(`the page's spec for ${spec?.slug} has no parameter ${key}`);
  return param;
}

/**
 * The address table of a demo: `keys` (default: every parameter) with `extra[key]` merged over
 * each field (a text kind's parse/format, a widget's own default), `defaults` over the defaults.
 */
export function specTable(spec, { keys = Object.keys(spec.params), extra = {}, defaults = null } = {}) {
  return Object.fromEntries(
    keys.map((key) => {
      const field = { ...specField(specParam(spec, key)), ...(extra[key] ?? {}) };
      if (defaults && defaults[key] !== undefined) field.default = structuredClone(defaults[key]);
      return [key, Object.freeze(field)];
    }),
  );
}

/** A demo-wide limit (spec.limits), e.g. "max_points_per_axis". */
export function specLimit(spec, name) {
  const value = spec?.limits?.[name];
  if (value === undefined) throw new Error(`the page's spec for ${spec?.slug} has no limit ${name}`);
  return value;
}

/** A demo root's spec: its data-spec attribute (JSON), or null when the page gave none. */
export function readSpec(root) {
  try {
    return JSON.parse(root.dataset.spec || "null");
  } catch {
    return null;
  }
}
