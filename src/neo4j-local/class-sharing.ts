import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { processRunning } from '../pid.js';

/**
 * Class-data sharing (CDS) for the local Neo4j JVM (README "Start and first load").
 *
 * Most of a Neo4j start, and of the first Cypher statement a new JVM plans, is loading and
 * verifying Neo4j's ~20,000 classes (the Cypher compiler is most of them). A JDK 17 dynamic CDS
 * archive records the classes a run loaded, parsed and verified, and later JVMs map it instead of
 * doing that work again. The archive lives beside the jars it was made from
 * (`<PAPERGRAPH_HOME>/neo4j/<version>/neo4j.jsa`, git-ignored):
 *
 * - no archive yet: the JVM runs with `-XX:ArchiveClassesAtExit=<temporary file>` and writes the
 *   classes it used when it stops; only after a clean stop of a JVM that got ready (no SIGKILL, no
 *   crash, not a failed start) is the file moved into place — a truncated archive crashes the JVM
 *   that maps it, so a partial file never gets the final name. Several JVMs recording at once each
 *   write their own file; the largest complete one wins (most classes).
 * - an archive: the JVM maps it (`-XX:SharedArchiveFile`). The JVM checks it (JDK build, class
 *   path, flags) and, when it does not fit, says so and runs without it; papergraph then deletes it
 *   and the next clean stop records a new one.
 */
export interface ClassSharing {
  /** JVM flags for this start (none when off). */
  flags: string[];
  /** True when the JVM crashed on or refused the mapped archive: settle() deletes it. */
  rejected(): boolean;
  /** Feed the JVM's output: notices the JVM's "cannot use this archive" warning. */
  watch(line: string): void;
  /** After the JVM exited: keep the recorded archive when the JVM got ready and stopped cleanly (`clean`), else drop it. */
  settle(clean: boolean): Promise<void>;
}

const OFF: ClassSharing = { flags: [], rejected: () => false, watch() {}, async settle() {} };

/** The JVM's own word that a mapped archive does not fit this JVM (JDK build, class path, flags). */
const UNUSABLE = /\[warning\]\[cds/;
/** A JVM crash report (hs_err): when it happened on a mapped archive, the archive goes too. */
const CRASHED = /A fatal error has been detected by the Java Runtime Environment/;

export function archivePath(neo4jDir: string): string {
  return path.join(neo4jDir, 'neo4j.jsa');
}

export async function classSharing(neo4jDir: string, enabled: boolean): Promise<ClassSharing> {
  if (!enabled) return OFF;
  const archive = archivePath(neo4jDir);
  await removeOrphanRecordings(neo4jDir);
  if (existsSync(archive) && statSync(archive).size > 0) return useArchive(archive);
  return recordArchive(archive);
}

function useArchive(archive: string): ClassSharing {
  let unusable = false;
  return {
    rejected: () => unusable,
    // This JDK build maps archives at a random address and relocates every pointer in them
    // (~0.35 s for Neo4j's); mode 0 maps at the recorded address and relocates only when taken.
    flags: ['-XX:+UnlockDiagnosticVMOptions', '-XX:ArchiveRelocationMode=0', `-XX:SharedArchiveFile=${archive}`],
    watch(line) {
      if (UNUSABLE.test(line) || CRASHED.test(line)) unusable = true;
    },
    async settle() {
      if (unusable) await rm(archive, { force: true });
    },
  };
}

function recordArchive(archive: string): ClassSharing {
  const recording = `${archive}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  let crashed = false;
  return {
    rejected: () => false,
    flags: [`-XX:ArchiveClassesAtExit=${recording}`],
    watch(line) {
      if (CRASHED.test(line)) crashed = true;
    },
    async settle(clean) {
      try {
        // Of several recordings the largest (most classes) stays; rename() replaces atomically, and
        // a JVM mapping the older archive keeps its mapping.
        const size = clean && !crashed && existsSync(recording) ? statSync(recording).size : 0;
        if (size > 0 && size > (existsSync(archive) ? statSync(archive).size : 0)) await rename(recording, archive);
      } finally {
        await rm(recording, { force: true });
      }
    },
  };
}

const RECORDING = /^neo4j\.jsa\.(\d+)-[0-9a-f]+\.tmp$/;

/**
 * Recordings whose papergraph process is gone (it was SIGKILLed: its watchdog still stopped the
 * JVM, which wrote the file, but nobody was left to check and move it).
 */
async function removeOrphanRecordings(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = RECORDING.exec(name)?.[1];
    if (pid && !processRunning(Number(pid))) await rm(path.join(dir, name), { force: true });
  }
}
