# The gawk baseline of `vmapctl summary`: regions and bytes per type (types.awk),
# and regions per caller function. Run as gawk -f types.awk -f summary.awk.
{
	t = vmi_type()
	n[t]++
	bytes[t] += $2
	if ($3 ~ /\+/) {
		c = $3
		sub(/\+.*/, "", c)
		callers[c]++
	}
}
END {
	for (t in n)
		printf "%s %d %d\n", t, n[t], bytes[t]
	printf "callers %d\n", length(callers)
}
