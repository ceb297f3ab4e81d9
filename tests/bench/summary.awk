# The gawk baseline of `vmapctl summary`: regions and bytes per type (the type
# of each line decided as vmapctl(8) documents), and regions per caller function.
{
	t = "other"
	if ($0 ~ / unpurged vm_area$/) t = "unpurged"
	else if ($3 == "vm_map_ram") t = "vm_map_ram"
	else if ($0 ~ / ioremap( |$)/) t = "ioremap"
	else if ($0 ~ / vmalloc( |$)/) t = "vmalloc"
	else if ($0 ~ / vmap( |$)/) t = "vmap"
	else if ($0 ~ / user( |$)/) t = "user"
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
