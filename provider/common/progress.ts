// Progress and warning lines. pulumi.log is not wired up inside the dynamic provider process, but the engine
// shows the provider's stdout/stderr lines, so that is where they go. Tests may swap the sink.
export type ProgressSink = (line: string) => void;

const consoleSink: ProgressSink = (line) => console.log(line);
let sink: ProgressSink = consoleSink;

export function setProgressSink(next: ProgressSink | undefined): void {
  sink = next ?? consoleSink;
}

export const progress = (resource: string, message: string): void => sink(`[interconnect] ${resource}: ${message}`);
export const warn = (resource: string, message: string): void => sink(`[interconnect] warning: ${resource}: ${message}`);
