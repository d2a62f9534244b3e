package chart

import "testing"

func BenchmarkCharts(b *testing.B) {
	for name, draw := range charts {
		for _, f := range []Format{SVG, PNG} {
			b.Run(name+"-"+string(f), func(b *testing.B) {
				for b.Loop() {
					if _, err := draw(f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
