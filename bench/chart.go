package main

import (
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
)

// wallTimeChart draws wall time against N for every step of the lifecycle,
// ours beside the official provider: one small plot per step (columns) and
// per tenant (rows: no limit, a free tenant), each with its own scale. A
// point whose command failed is ringed in red.
func wallTimeChart(results []measurement) string {
	const (
		cellW, cellH = 168, 120 // plot area of one cell
		gapX, gapY   = 34, 58
		left, top    = 150, 64
	)
	rows := []scenario{unthrottled, throttled}
	width := left + len(lifecycle)*(cellW+gapX)
	height := top + len(rows)*(cellH+gapY) + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="11">`+"\n",
		width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	b.WriteString(`<text x="12" y="20" font-size="14" font-weight="bold">Wall time per step (s) against the number of connections N</text>` + "\n")
	legend(&b, 12, 40)

	for r, sc := range rows {
		y0 := top + r*(cellH+gapY) + 16
		fmt.Fprintf(&b, `<text x="12" y="%d" font-weight="bold">%s</text>`+"\n", y0+cellH/2-6, html.EscapeString(sc.title))
		sub := sc.tenant.String()
		if sc.tenant.rps == 0 {
			sub = "a bucket of a million"
		}
		fmt.Fprintf(&b, `<text x="12" y="%d" fill="#555">%s</text>`+"\n", y0+cellH/2+8, html.EscapeString(sub))
		for c, st := range lifecycle {
			x0 := left + c*(cellW+gapX)
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-weight="bold">%s</text>`+"\n", x0+cellW/2, y0-6, html.EscapeString(st.name))
			drawCell(&b, results, sc.name, st.name, x0, y0, cellW, cellH)
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}

type series struct {
	provider, color, dash string
	square                bool
}

var chartSeries = []series{
	{provider: ours, color: "#1f6feb"},
	{provider: official, color: "#d9480f", dash: "5,3", square: true},
}

func legend(b *strings.Builder, x, y int) {
	labels := map[string]string{ours: "openauth0/auth0 (ours)", official: "auth0/auth0 (official)"}
	for _, s := range chartSeries {
		fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+"\n", x, y, x+26, y, s.color, s.dash)
		marker(b, s, float64(x+13), float64(y))
		fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`+"\n", x+32, y+4, labels[s.provider])
		x += 190
	}
	fmt.Fprintf(b, `<circle cx="%d" cy="%d" r="6" fill="none" stroke="#e03131" stroke-width="1.5"/>`+"\n", x+6, y)
	fmt.Fprintf(b, `<text x="%d" y="%d">the command failed</text>`+"\n", x+18, y+4)
}

func marker(b *strings.Builder, s series, x, y float64) {
	if s.square {
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="6" height="6" fill="%s"/>`+"\n", x-3, y-3, s.color)
		return
	}
	fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="3.2" fill="%s"/>`+"\n", x, y, s.color)
}

// point is one measurement in a cell.
type point struct {
	n      int
	wall   float64
	failed bool
}

func cellPoints(results []measurement, scenario, stepName, provider string) []point {
	var pts []point
	for _, m := range results {
		if m.Scenario == scenario && m.Step == stepName && m.Provider == provider {
			pts = append(pts, point{n: m.N, wall: m.WallSec, failed: m.failed()})
		}
	}
	slices.SortFunc(pts, func(a, b point) int { return a.n - b.n })
	return pts
}

func drawCell(b *strings.Builder, results []measurement, scenario, stepName string, x0, y0, w, h int) {
	var ns []int
	ymax := 0.0
	for _, s := range chartSeries {
		for _, p := range cellPoints(results, scenario, stepName, s.provider) {
			ns = append(ns, p.n)
			ymax = max(ymax, p.wall)
		}
	}
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#fafafa" stroke="#ccc"/>`+"\n", x0, y0, w, h)
	if len(ns) == 0 {
		fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle" fill="#999">not measured</text>`+"\n", x0+w/2, y0+h/2)
		return
	}
	slices.Sort(ns)
	ns = slices.Compact(ns)
	ymax = niceCeil(ymax * 1.08)
	const pad = 14
	xOf := func(n int) float64 {
		if len(ns) == 1 {
			return float64(x0) + float64(w)/2
		}
		return float64(x0+pad) + float64(n-ns[0])/float64(ns[len(ns)-1]-ns[0])*float64(w-2*pad)
	}
	yOf := func(v float64) float64 { return float64(y0+h) - v/ymax*float64(h) }

	for _, frac := range []float64{0, 0.5, 1} {
		y := yOf(frac * ymax)
		if frac > 0 {
			fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e5e5e5"/>`+"\n", x0, y, x0+w, y)
		}
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>`+"\n", x0-4, y+4, trimFloat(frac*ymax))
	}
	for _, n := range ns {
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%d</text>`+"\n", xOf(n), y0+h+14, n)
	}
	for _, s := range chartSeries {
		pts := cellPoints(results, scenario, stepName, s.provider)
		var coords []string
		for _, p := range pts {
			coords = append(coords, fmt.Sprintf("%.1f,%.1f", xOf(p.n), yOf(p.wall)))
		}
		if len(coords) > 1 {
			fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+"\n", strings.Join(coords, " "), s.color, s.dash)
		}
		for _, p := range pts {
			marker(b, s, xOf(p.n), yOf(p.wall))
			if p.failed {
				fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="6" fill="none" stroke="#e03131" stroke-width="1.5"/>`+"\n", xOf(p.n), yOf(p.wall))
			}
		}
	}
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}
