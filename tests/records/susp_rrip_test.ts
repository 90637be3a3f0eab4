import {
  erEntry,
  nmEntries,
  pxEntry,
  slEntries,
  spEntry,
  tfEntry,
} from "../../src/records/susp_rrip.ts";

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
}

/** Decode SL component records back into a path (RRIP 4.1.3.1). */
function decodeSl(entries: Uint8Array[]): string {
  let path = "";
  let pending = "";
  for (const e of entries) {
    let p = 5;
    while (p < e[2]!) {
      const flags = e[p]!;
      const len = e[p + 1]!;
      const text = new TextDecoder().decode(e.subarray(p + 2, p + 2 + len));
      p += 2 + len;
      const part = flags & 8 ? "" : flags & 2 ? "." : flags & 4 ? ".." : text;
      pending += part;
      if (flags & 1) continue;
      path += (path === "" && !(flags & 8) ? "" : path === "/" ? "" : "/") + pending;
      if (flags & 8) path = "/";
      pending = "";
    }
  }
  return path;
}

Deno.test("spEntry() is SP, 7, 1, BE EF, 0 (SUSP 5.3)", () => {
  if (hex(spEntry()) !== "53 50 07 01 be ef 00") throw new Error(hex(spEntry()));
});

Deno.test("pxEntry() holds both-endian mode, links, uid, gid (RRIP 4.1.1)", () => {
  const px = pxEntry(0o100644, 1, 1000, 100);
  if (px.length !== 36 || px[2] !== 36) throw new Error("length");
  const view = new DataView(px.buffer, px.byteOffset, px.byteLength);
  if (view.getUint32(4, true) !== 0o100644 || view.getUint32(8, false) !== 0o100644) {
    throw new Error("mode");
  }
  if (view.getUint32(20, true) !== 1000 || view.getUint32(24, false) !== 1000) {
    throw new Error("uid");
  }
});

Deno.test("tfEntry() writes modify, access and attribute times in the 7-byte form", () => {
  const t = new Date(Date.UTC(2024, 1, 29, 23, 59, 58));
  const tf = tfEntry(t, t, t);
  if (hex(tf.subarray(0, 12)) !== "54 46 1a 01 0e 7c 02 1d 17 3b 3a 00") throw new Error(hex(tf));
});

Deno.test("nmEntries() splits long names with CONTINUE", () => {
  const name = new TextEncoder().encode("n".repeat(300));
  const nm = nmEntries(name);
  if (nm.length !== 2 || nm[0]![4] !== 1 || nm[1]![4] !== 0) throw new Error("flags");
  if (nm[0]!.length !== 255 || nm[1]!.length !== 5 + 50) throw new Error("lengths");
});

Deno.test("slEntries() encodes root, parent, current and long components", () => {
  for (const target of ["/usr/lib/x", "../a/./b", "plain", "/", "a/" + "c".repeat(600) + "/d"]) {
    const entries = slEntries(target);
    for (const e of entries) {
      if (e.length > 255 || e[2] !== e.length) throw new Error(`bad entry for ${target}`);
    }
    const back = decodeSl(entries);
    if (back !== target) throw new Error(`${target} came back as ${back}`);
  }
});

Deno.test("erEntry() declares RRIP_1991A (SUSP 5.5)", () => {
  const er = erEntry();
  if (
    er[4] !== 10 || new TextDecoder().decode(er.subarray(8, 18)) !== "RRIP_1991A" || er[7] !== 1
  ) throw new Error(hex(er));
  if (er[2] !== er.length) throw new Error("length");
});

Deno.test("pxEntry() and tfEntry() agree with their field tables", async () => {
  const { readField } = await import("../../src/records/field_table.ts");
  const { pxTable, tfTable } = await import("../../src/records/susp_rrip.ts");
  const px = pxEntry(0o120777, 3, 65534, 4242);
  const values = [
    readField(px, 0, pxTable.mode),
    readField(px, 0, pxTable.links),
    readField(px, 0, pxTable.uid),
    readField(px, 0, pxTable.gid),
  ];
  if (values.join() !== [0o120777, 3, 65534, 4242].join()) throw new Error(values.join());
  const t = new Date(Date.UTC(1999, 11, 31, 23, 59, 59));
  const tf = tfEntry(t, new Date(0), t);
  if ((readField(tf, 0, tfTable.modify) as Date).getTime() !== t.getTime()) {
    throw new Error("modify");
  }
  if ((readField(tf, 0, tfTable.access) as Date).getTime() !== 0) throw new Error("access");
  if (readField(tf, 0, tfTable.signature) !== "TF" || readField(tf, 0, tfTable.length) !== 26) {
    throw new Error("header");
  }
});
