package options

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Numbers stay json.Number text end to end. Comparing them numerically
// without converting to float64 (which loses precision above 2^53) or to
// big.Rat (which a hostile "1e999999999" would make allocate gigabytes) is
// done on a canonical decimal form: sign, significant digits, exponent.

// decimal is value = (-1)^neg × 0.digits × 10^exp, with digits free of
// leading and trailing zeros; zero is the empty digit string.
type decimal struct {
	neg    bool
	digits string
	exp    int64
}

// parseDecimal canonicalizes JSON number text. ok is false for text that is
// not a JSON number (or whose exponent does not fit an int64).
func parseDecimal(s string) (d decimal, ok bool) {
	if !isJSONNumber(s) {
		return decimal{}, false
	}
	if s[0] == '-' {
		d.neg = true
		s = s[1:]
	}
	mant, expPart, _ := strings.Cut(strings.ToLower(s), "e")
	var exp int64
	if expPart != "" {
		e, err := strconv.ParseInt(expPart, 10, 64)
		if err != nil {
			return decimal{}, false
		}
		exp = e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	// 0.digits × 10^(len(intPart)+exp) == intPart.frac × 10^exp
	pointPos := int64(len(intPart))
	trimmed := strings.TrimLeft(digits, "0")
	pointPos -= int64(len(digits) - len(trimmed))
	trimmed = strings.TrimRight(trimmed, "0")
	if trimmed == "" {
		return decimal{}, true // zero; -0 == 0
	}
	if (exp > 0 && pointPos > (1<<62)-exp) || (exp < 0 && pointPos < -(1<<62)-exp) {
		return decimal{}, false
	}
	d.digits = trimmed
	d.exp = pointPos + exp
	return d, true
}

// isJSONNumber checks the JSON number grammar (RFC 8259 §6).
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	var ok bool
	switch {
	case s[i] == '0':
		i++
	case s[i] >= '1' && s[i] <= '9':
		i, _ = digitRun(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		if i, ok = digitRun(s, i+1); !ok {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i, ok = digitRun(s, i); !ok {
			return false
		}
	}
	return i == len(s)
}

// digitRun returns the index after the decimal digits starting at s[i], and
// whether there was at least one.
func digitRun(s string, i int) (end int, ok bool) {
	end = i
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	return end, end > i
}

// numberText returns the JSON text of a numeric value: json.Number as is,
// and the Go numeric types callers may hand in (they did not come from Parse
// but should still compare numerically).
func numberText(v any) (string, bool) {
	switch n := v.(type) {
	case json.Number:
		return string(n), true
	case float64:
		return strconv.FormatFloat(n, 'g', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(n), 'g', -1, 32), true
	case int:
		return strconv.Itoa(n), true
	case int64:
		return strconv.FormatInt(n, 10), true
	case int32:
		return strconv.FormatInt(int64(n), 10), true
	case uint64:
		return strconv.FormatUint(n, 10), true
	}
	return "", false
}

func numbersEqual(a, b string) bool {
	if a == b {
		return true
	}
	x, okx := parseDecimal(a)
	y, oky := parseDecimal(b)
	if !okx || !oky {
		return false
	}
	return x == y
}

// isInteger reports whether the number is integral (5, 5.0 and 5e0 are; the
// server is JavaScript, where they are all the same value).
func (d decimal) isInteger() bool {
	return d.digits == "" || d.exp >= int64(len(d.digits))
}

// float returns the value as a float64, for range checks against small
// bounds; huge exponents saturate to ±Inf, which is what a range check needs.
func (d decimal) float() float64 {
	if d.digits == "" {
		return 0
	}
	s := "0." + d.digits + "e" + strconv.FormatInt(d.exp, 10)
	f, _ := strconv.ParseFloat(s, 64) // a range error still yields ±Inf or 0
	if d.neg {
		return -f
	}
	return f
}
