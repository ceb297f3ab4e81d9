# The gawk baseline of `vmapctl list -r -o START,END,SIZE,TYPE,PAGES,CALLER,MODULE`:
# the same seven fields of every line. Run as gawk -f types.awk -f list.awk.
{
	t = vmi_type(); caller = "-"; mod = "-"; pages = "-"
	if ($3 ~ /\+/) {
		caller = $3
		mod = $4 ~ /^\[/ ? substr($4, 2, length($4) - 2) : "kernel"
	}
	if (match($0, / pages=[0-9]+/))
		pages = substr($0, RSTART + 7, RLENGTH - 7)
	split($1, a, "-")
	print a[1], a[2], $2, t, pages, caller, mod
}
