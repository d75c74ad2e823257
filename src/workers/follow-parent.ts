/**
 * For a child of `worker --processes N`, once its Runtime handles the stop signals. A terminal's
 * Ctrl+C reaches the whole process group and the parent passes it on too: the second signal must
 * not kill a draining worker, so it is ignored here (the parent kills on a second signal of its
 * own). A parent that dies (even by SIGKILL) closes the IPC channel: the worker then drains too.
 */
export function followParent(): void {
  const ignore = () => {}
  process.on('SIGINT', ignore)
  process.on('SIGTERM', ignore)
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'))
  // The channel is only for noticing the parent's death; it must not keep a stopped worker up.
  process.channel?.unref()
}
