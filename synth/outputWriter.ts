/**
 * Writes `synth`'s output files in the background: each `write` starts at once on libuv's thread pool (a few at a
 * time) and returns, so the main thread goes on rendering the next files, and waiting for the pack, while the
 * files are created on the other core.
 *
 * Why: at 1,000 workloads `synth` writes about 4,000 files, and on this machine each costs 0.25–0.5 ms of kernel
 * time (creating the inode is most of it); written one after the other with `writeFileSync` they were the longest
 * part of the run after the program (about 1.3 s of 1.8 s), while the pack process was already done with the
 * second core. Same files, same content; the first error is thrown by {@link OutputWriter.finish}.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Writes in flight at most: enough to keep libuv's 4 threads busy, few enough to hold little memory. */
const IN_FLIGHT = 8;

/** The files of one output folder, written in the background. */
export class OutputWriter {
    /** Every file written, relative to the folder, normalized. */
    readonly written = new Set<string>();
    private readonly folders = new Map<string, Promise<unknown>>();
    private queue: { file: string; folder: string; content: string }[] = [];
    /** The next queued file (an index: `shift` on a queue of 20,000 files copies it each time). */
    private next = 0;
    private readonly pending = new Set<Promise<void>>();
    private failure: unknown;

    constructor(private readonly dir: string) {}

    /** Starts writing `content` to `rel` (inside the folder); returns before it is written. */
    write(rel: string, content: string): void {
        const file = path.join(this.dir, rel);
        this.written.add(path.normalize(rel));
        this.queue.push({ file, folder: path.dirname(file), content });
        this.pump();
    }

    /** Resolves once every file is written; rejects with the first error. */
    async finish(): Promise<void> {
        while (this.pending.size > 0) await Promise.race(this.pending);
        if (this.failure !== undefined) throw this.failure;
    }

    private pump(): void {
        while (this.pending.size < IN_FLIGHT && this.next < this.queue.length) {
            const { file, folder, content } = this.queue[this.next++]!;
            if (this.next === this.queue.length) {
                this.queue = [];
                this.next = 0;
            }
            const job: Promise<void> = this.folder(folder)
                .then(() => fs.promises.writeFile(file, content))
                .catch((e: unknown) => {
                    this.failure ??= e;
                })
                .finally(() => {
                    this.pending.delete(job);
                    this.pump();
                });
            this.pending.add(job);
        }
    }

    /** Creates `folder` (and its parents) once, however many files go into it. */
    private folder(folder: string): Promise<unknown> {
        let made = this.folders.get(folder);
        if (made === undefined) this.folders.set(folder, (made = fs.promises.mkdir(folder, { recursive: true })));
        return made;
    }
}
