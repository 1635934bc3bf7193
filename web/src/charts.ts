// Everything ECharts, loaded on demand (its own chunk): the first page does not pay for it.
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import 'echarts-wordcloud';
import { feature } from 'topojson-client';
import world from 'world-atlas/countries-110m.json';

echarts.use([BarChart, FunnelChart, LineChart, ScatterChart, GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);
// World boundaries ship with the app (world-atlas, Natural Earth 1:110m): no tiles, no network.
echarts.registerMap('world', feature(world as any, (world as any).objects.countries) as any);

export type Chart = echarts.ECharts;
export function draw(el: HTMLElement, option: Record<string, unknown>, prev?: Chart): Chart {
  const c = prev ?? echarts.init(el, undefined, { renderer: 'canvas' });
  c.setOption(option, true);
  return c;
}
