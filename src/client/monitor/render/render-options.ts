/** How renderers show what depends on where they run. */
export interface RenderOptions {
  /** IANA time zone for dates; the machine's when absent. */
  timeZone?: string
}
