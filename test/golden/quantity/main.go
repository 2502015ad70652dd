// Golden oracle for src/meta/quantity: prints, for deterministically generated inputs (valid and
// invalid), what k8s.io/apimachinery's resource.Quantity does with them, one JSON object a line.
// test/unit/meta/quantity-golden.test.ts builds and runs it, and bench/quantity.ts replays the
// same lines through @kubernetes/client-node. Usage: quantity-golden [-seed N] [-n N]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"math/big"
	"math/rand"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
)

// exact prints the exact value of q as "<unscaled>e<exponent>" with trailing zeros removed.
func exact(q resource.Quantity) string {
	c := q.DeepCopy()
	d := c.AsDec()
	u := new(big.Int).Set(d.UnscaledBig())
	exp := -int64(d.Scale())
	if u.Sign() == 0 {
		return "0e0"
	}
	ten := big.NewInt(10)
	m := new(big.Int)
	for {
		qq, r := new(big.Int).QuoRem(u, ten, m)
		if r.Sign() != 0 {
			break
		}
		u = qq
		exp++
	}
	return u.String() + "e" + big.NewInt(exp).String()
}

func errKind(err error) string {
	switch err {
	case resource.ErrFormatWrong:
		return "format"
	case resource.ErrNumeric:
		return "numeric"
	case resource.ErrSuffix:
		return "suffix"
	}
	return "other: " + err.Error()
}

type parseLine struct {
	Op     string `json:"op"`
	In     string `json:"in"`
	Ok     bool   `json:"ok"`
	Err    string `json:"err,omitempty"`
	Str    string `json:"str,omitempty"`
	Format string `json:"format,omitempty"`
	Exact  string `json:"exact,omitempty"`
	Value  string `json:"value,omitempty"`
	Milli  string `json:"milli,omitempty"`
	Sign   int    `json:"sign"`
	Neg    string `json:"neg,omitempty"`
	JSON   string `json:"json,omitempty"`
	// RoundUp(-3), as the API server does to the resource lists of built-in kinds.
	Milli3      string `json:"roundMilli,omitempty"`
	Milli3Exact bool   `json:"roundMilliExact"`
	Milli3Value string `json:"roundMilliValue,omitempty"`
}

type binLine struct {
	Op       string `json:"op"`
	A        string `json:"a"`
	B        string `json:"b"`
	Add      string `json:"add"`
	AddExact string `json:"addExact"`
	AddValue string `json:"addValue"`
	AddMilli string `json:"addMilli"`
	Sub      string `json:"sub"`
	SubExact string `json:"subExact"`
	SubMilli string `json:"subMilli"`
	Cmp      int    `json:"cmp"`
}

type mulLine struct {
	Op    string `json:"op"`
	A     string `json:"a"`
	K     int64  `json:"k"`
	Str   string `json:"str"`
	Exact string `json:"exact"`
	Fits  bool   `json:"fits"`
	Milli string `json:"milli"`
}

var fixed = []string{
	"", "0", "-0", "+0", "00", "0.0", ".", "-", "+", "-.", "+.", ".5", "-.5", "5.", "1.", "1.0", "1.00", "0.1", "0.01", "0.001",
	"1", "+1", "-1", "01", "001m", "10", "100", "1000", "1000m", "100m", "1m", "1u", "1n", "0.1n", "0.5n", "1.5n", "-1.5n", "1e-10", "-1e-10", "1e-9",
	"1k", "1K", "1M", "1G", "1T", "1P", "1E", "1000E", "1e3", "1E3", "1e+3", "1e-3", "1e2", "1.5e3", "15e5", "1e", "1e+", "1e-", "e", "e3", "E",
	"1Ki", "01Ki", "+1Ki", "-1Ki", "8Ki", "1024Ki", "1025Ki", "1.5Gi", "0.5Ki", "0.5Gi", "-0.5Ki", "1.0000000001Ki", "-1.0000000001Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
	"7Ei", "8Ei", "10Ei", "-10Ei", "-10.5Gi", "1023", "1024", "-1024", "1.5Ki", "100Mi", "128974848", "129e6", "129M", "123Mi", "12.34Mi",
	"Ki", "k", "m", "-m", "e-10", "-e-10", ".e-10", "Ki-1", "iM", "Mii", "KiB", "1 ", " 1", "1.5.5", "1..5", "--1", "+-1", "1-", "1+", "abc", "0x10", "1_000", "1,5", "∞", "１",
	"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "999999999999999999", "9999999999999999999",
	"18446744073709551616", "123456789012345678901234567890", "0.123456789012345678901234567890", "9223372036854775807m", "9223372036854775807k",
	"999999999999999999E", "1e18", "1e19", "1e4294967296", "1e4294967297", "1e9223372036854775807", "1e9223372036854775808", "1e-4294967296",
	"100e-2", "3.14159", "2.5", "-2.5", "-1.5", "-0.5", "-0.1", "-1.1m", "0.0001", "-0.0001", "1.000000001", "1.0000000001", "-1.0000000001",
	"5Ki", "500Mi", "2500m", "2.5k", "250u", "0.25m", "12e-1", "1.2e1", "1.2E1", "1.2E+1", "1.2e-1", "1.2e-12", "4.5e-15", "3e30", "-3e30", "7e7",
}

var suffixes = []string{"", "", "", "n", "u", "m", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Gi", "Ti", "Pi", "Ei"}

func digits(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(byte('0' + r.Intn(10)))
	}
	return b.String()
}

// wellFormed generates a quantity string in the server's grammar (sometimes at its edges).
func wellFormed(r *rand.Rand) string {
	var b strings.Builder
	switch r.Intn(6) {
	case 0:
		b.WriteByte('-')
	case 1:
		if r.Intn(4) == 0 {
			b.WriteByte('+')
		}
	}
	intLen := []int{0, 1, 1, 1, 2, 3, 3, 4, 6, 9, 12, 15, 18, 19, 24}[r.Intn(15)]
	if r.Intn(8) == 0 {
		b.WriteString(strings.Repeat("0", 1+r.Intn(3)))
	}
	b.WriteString(digits(r, intLen))
	if intLen == 0 || r.Intn(3) == 0 {
		b.WriteByte('.')
		b.WriteString(digits(r, []int{1, 1, 2, 3, 5, 9, 10, 14, 20}[r.Intn(9)]))
	}
	if r.Intn(5) == 0 {
		e := "e"
		if r.Intn(3) == 0 {
			e = "E"
		}
		sign := []string{"", "-", "+"}[r.Intn(3)]
		b.WriteString(e + sign + digits(r, 1+r.Intn(2)))
	} else {
		b.WriteString(suffixes[r.Intn(len(suffixes))])
	}
	return b.String()
}

// junk generates strings from the grammar's alphabet in any order.
func junk(r *rand.Rand) string {
	const alphabet = "0123456789.+-eEinumkKMGTP xB"
	n := r.Intn(7)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(alphabet[r.Intn(len(alphabet))])
	}
	return b.String()
}

func marshal(q resource.Quantity) string {
	out, err := json.Marshal(q)
	if err != nil {
		return "error: " + err.Error()
	}
	return string(out)
}

func main() {
	seed := flag.Int64("seed", 20261130, "generator seed")
	n := flag.Int("n", 3000, "number of generated parse inputs")
	flag.Parse()
	r := rand.New(rand.NewSource(*seed))
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)

	inputs := append([]string{}, fixed...)
	for i := 0; i < *n; i++ {
		if r.Intn(4) == 0 {
			inputs = append(inputs, junk(r))
		} else {
			inputs = append(inputs, wellFormed(r))
		}
	}
	var valid []string
	for _, in := range inputs {
		q, err := resource.ParseQuantity(in)
		if err != nil {
			_ = enc.Encode(parseLine{Op: "parse", In: in, Err: errKind(err)})
			continue
		}
		line := parseLine{Op: "parse", In: in, Ok: true, Format: string(q.Format), Sign: q.Sign()}
		c := q.DeepCopy()
		line.Str = c.String()
		line.Exact = exact(q)
		c = q.DeepCopy()
		line.Value = big.NewInt(c.Value()).String()
		c = q.DeepCopy()
		line.Milli = big.NewInt(c.MilliValue()).String()
		c = q.DeepCopy()
		c.Neg()
		line.Neg = c.String()
		line.JSON = marshal(q.DeepCopy())
		c = q.DeepCopy()
		line.Milli3Exact = c.RoundUp(resource.Milli)
		line.Milli3 = c.String()
		line.Milli3Value = exact(c)
		_ = enc.Encode(line)
		if !strings.Contains(in, "e4294967") && !strings.Contains(in, "e92233") {
			valid = append(valid, in)
		}
	}
	for i := 0; i < *n/2 && len(valid) > 1; i++ {
		a, b := valid[r.Intn(len(valid))], valid[r.Intn(len(valid))]
		if i%5 == 0 {
			b = a // same operand: exercises zero results and equal compares
		}
		qa, qb := resource.MustParse(a), resource.MustParse(b)
		line := binLine{Op: "bin", A: a, B: b}
		s := qa.DeepCopy()
		s.Add(qb.DeepCopy())
		line.Add = s.String()
		line.AddExact = exact(s)
		c := s.DeepCopy()
		line.AddValue = big.NewInt(c.Value()).String()
		c = s.DeepCopy()
		line.AddMilli = big.NewInt(c.MilliValue()).String()
		d := qa.DeepCopy()
		d.Sub(qb.DeepCopy())
		line.Sub = d.String()
		line.SubExact = exact(d)
		c = d.DeepCopy()
		line.SubMilli = big.NewInt(c.MilliValue()).String()
		x := qa.DeepCopy()
		line.Cmp = x.Cmp(qb.DeepCopy())
		_ = enc.Encode(line)
	}
	ks := []int64{0, 1, -1, 2, 3, 10, 1000, 1024, -7, 1 << 31, 123456789}
	for i := 0; i < *n/4 && len(valid) > 0; i++ {
		a := valid[r.Intn(len(valid))]
		k := ks[r.Intn(len(ks))]
		q := resource.MustParse(a)
		fits := q.Mul(k)
		line := mulLine{Op: "mul", A: a, K: k, Str: q.String(), Exact: exact(q), Fits: fits}
		c := q.DeepCopy()
		line.Milli = big.NewInt(c.MilliValue()).String()
		_ = enc.Encode(line)
	}
}
