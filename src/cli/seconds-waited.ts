import { formatDuration } from '../plain-words.js';

/**
 * The time the user waited for the command, from the process's start: start-up (loading Node,
 * the modules, opening and migrating the database) is part of the wait, so "committed in 2.4 s"
 * after 11.8 s on the clock would mislead.
 */
export function secondsWaited(): string {
  return formatDuration(process.uptime());
}
