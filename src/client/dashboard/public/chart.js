// The throughput chart, drawn by uPlot (its own script tag defines window.uPlot).
import { byId } from './dom.js'
import { count } from './format.js'

/** The throughput chart: uploads processed over time, from the server's samples. */
export const chart = {
  plot: undefined,
  draw(samples) {
    const data = [
      samples.map((s) => s.at / 1000),
      samples.map((s) => s.processed),
    ]
    if (this.plot) return this.plot.setData(data)
    const host = byId('chart')
    this.plot = new window.uPlot(
      {
        width: Math.max(300, host.clientWidth),
        height: 220,
        scales: { x: { time: true } },
        series: [
          {},
          {
            label: 'uploads processed',
            stroke: '#1f5fbf',
            width: 2,
            fill: 'rgba(31,95,191,0.08)',
          },
        ],
        axes: [{}, { values: (_, ticks) => ticks.map(count) }],
      },
      data,
      host
    )
  },
}
