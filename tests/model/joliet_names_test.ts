import { mapJolietNames } from "../../src/model/joliet_names.ts";
import { InvalidInputError } from "../../src/model/errors.ts";

Deno.test("mapJolietNames() keeps names that fit", () => {
  const { names, adaptations } = mapJolietNames(
    [{ name: "Grüße ☃.txt", directory: false }],
    false,
    "/",
  );
  if (names[0] !== "Grüße ☃.txt" || adaptations.length !== 0) throw new Error(names[0]);
});

Deno.test("mapJolietNames() shortens to 64 characters keeping the extension, and numbers collisions", () => {
  const long = "x".repeat(80);
  const { names, adaptations } = mapJolietNames(
    [
      { name: `${long}1.pdf`, directory: false },
      { name: `${long}2.pdf`, directory: false },
    ],
    false,
    "/d",
  );
  for (const n of names) if (n.length > 64 || !n.endsWith(".pdf")) throw new Error(n);
  if (names[0] === names[1]) throw new Error("collision kept");
  if (adaptations.length !== 2 || adaptations[0]!.name !== `/d/${long}1.pdf`) {
    throw new Error(JSON.stringify(adaptations));
  }
});

Deno.test("mapJolietNames() replaces characters outside UCS-2 and forbidden ones", () => {
  const { names } = mapJolietNames([{ name: "a😀b:c", directory: false }], false, "/");
  if (names[0] !== "a_b_c") throw new Error(names[0]);
});

Deno.test("mapJolietNames() strict mode throws naming the path", () => {
  try {
    mapJolietNames([{ name: "y".repeat(70), directory: true }], true, "/top");
  } catch (err) {
    if (!(err instanceof InvalidInputError) || err.path !== `/top/${"y".repeat(70)}`) throw err;
    if (!err.message.includes("Joliet")) throw err;
    return;
  }
  throw new Error("no error");
});
