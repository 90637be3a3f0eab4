/**
 * Builders of {@linkcode MediaFacts} for the pure recorder tests: what a drive reports for
 * a blank, appendable or closed disc of each kind (values as in mmc.md §3.5–3.6).
 */

import type { DiscFacts, MediaFacts, TrackFacts } from "../../src/recorder/media_state.ts";

/** Disc information with defaults for a blank disc. */
export function disc(over: Partial<DiscFacts> = {}): DiscFacts {
  return {
    erasable: false,
    discStatus: 0,
    lastSessionState: 0,
    sessions: 1,
    firstTrack: 1,
    lastTrackInLastSession: 1,
    bgFormatStatus: 0,
    ...over,
  };
}

/** A track with defaults for the invisible track of a blank disc. */
export function track(over: Partial<TrackFacts> = {}): TrackFacts {
  return {
    number: 1,
    session: 1,
    start: 0,
    size: 0,
    free: 0,
    nwa: 0,
    blank: true,
    damage: false,
    reserved: false,
    ...over,
  };
}

/** A blank sequential disc of `capacity` sectors. */
export function blankFacts(profile: number, capacity: number, erasable = false): MediaFacts {
  return {
    present: true,
    profile,
    writeProtected: false,
    disc: disc({ erasable }),
    tracks: [track({ size: capacity, free: capacity })],
  };
}

/** A sequential disc with one closed session of `used` sectors and an open invisible track. */
export function appendableFacts(profile: number, capacity: number, used: number): MediaFacts {
  const gap = profile === 0x09 || profile === 0x0a ? 11_400 : 0;
  const nwa = used + gap;
  return {
    present: true,
    profile,
    writeProtected: false,
    disc: disc({ discStatus: 1, sessions: 2, lastTrackInLastSession: 2, lastSessionState: 0 }),
    tracks: [
      track({ size: used, free: 0, nwa: undefined, blank: false }),
      track({ number: 2, session: 2, start: nwa, size: capacity - nwa, free: capacity - nwa, nwa }),
    ],
    capacity: used,
  };
}

/** A closed disc holding one session of `used` sectors. */
export function closedFacts(profile: number, used: number, erasable = false): MediaFacts {
  return {
    present: true,
    profile,
    writeProtected: false,
    disc: disc({ discStatus: 2, lastSessionState: 3, erasable }),
    tracks: [track({ size: used, free: 0, nwa: undefined, blank: false })],
    capacity: used,
  };
}
