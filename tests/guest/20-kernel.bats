#!/usr/bin/env bats
# layout, peek and vtop on the live guest kernel, checked against the module's
# ground truth and /proc (issue 5).
load helper

@test "layout agrees with /proc/meminfo, the paging mode and vmapctl list" {
	run --separate-stderr vmapctl layout -J
	assert_success
	total_kb=$(awk '/^VmallocTotal:/ { print $2 }' /proc/meminfo)
	size=$(jq '.layout[] | select(.region == "vmalloc") | .size' <<<"$output")
	[ "$size" -eq $(( (total_kb * 1024 + 4095) / 4096 * 4096 )) ]
	assert_equal "$(jq '.paging.levels' <<<"$output")" "$VM_PAGING"
	vstart=$(jq -r '.layout[] | select(.region == "vmalloc") | .start' <<<"$output")
	vend=$(jq -r '.layout[] | select(.region == "vmalloc") | .end' <<<"$output")
	mstart=$(jq -r '.layout[] | select(.region == "modules") | .start' <<<"$output")
	mend=$(jq -r '.layout[] | select(.region == "modules") | .end' <<<"$output")
	# every region of vmapctl list lies in the vmalloc or the modules area
	# (addresses of one width: text order is numeric order)
	vmapctl list -n -r -o START,END > regions
	[ -s regions ]
	local s e
	while read -r s e; do
		if [[ ! "$s" < "$vstart" && ! "$e" > "$vend" ]]; then continue; fi
		if [[ ! "$s" < "$mstart" && ! "$e" > "$mend" ]]; then continue; fi
		echo "outside both areas: $s-$e"
		return 1
	done < regions
	# the early-boot stacks sit at the start of the area: the lowest region is the base
	assert_equal "$(sort regions | head -1 | cut -d' ' -f1)" "$vstart"
	# the use table adds up: used, free and (6.9+) the nodes' pools, free but
	# not in the free tree, fill the area (the regions themselves change from
	# one read to the next, so no count is compared across reads)
	jq -e --argjson s "$size" '.use[] | select(.area == "vmalloc") | .used + .free + (.pooled // 0) == $s and .regions > 0 and .["largest-hole"] <= .free' <<<"$output"
}

@test "vtop of every page of a vmap mapping gives exactly the module's PFNs" {
	run vmapctl demo map vmap --pages 8 -J
	assert_success
	addr=$(jq -r '.mappings[0].address' <<<"$output")
	jq -r '.pages[].pfn' <<<"$output" > want
	run vmapctl vtop "$addr" 32K -J
	assert_success
	jq -r '.translation[].pfn' <<<"$output" > got
	diff -u want got
	jq -e '[.translation[] | .pagesize == 4096 and .cache == "WB" and (.flags | test("NX"))] | length > 0 and all' <<<"$output"
}

@test "peek shows the module's pattern in every kind of page mapping" {
	local kind
	for kind in vmalloc vmap vm_map_ram; do
		run vmapctl demo map "$kind" --pages 2 -J
		assert_success
		addr=$(jq -r '.mappings[0].address' <<<"$output")
		run vmapctl peek "$addr" 16 -J -o +VIA
		assert_success
		# page 0 starts "vmapctl" and its page number 0; read via the page tables
		jq -e '.peek[0] | (.hex | startswith("76 6d 61 70 63 74 6c 00")) and .via == "page tables + kcore direct map"' <<<"$output"
		run --separate-stderr vmapctl peek $(printf '0x%x' $((addr + 4096))) 8 -J
		assert_success
		jq -e '.peek[0].hex == "76 6d 61 70 63 74 6c 01"' <<<"$output"
	done
}

@test "vtop of the ioremap demo region: the phys= of its line, uncached" {
	bar=$(edu_bar)
	run vmapctl demo map ioremap --phys "$bar" --size 4096 -J
	assert_success
	addr=$(jq -r '.mappings[0].address' <<<"$output")
	phys=$(grep "^$addr-" /proc/vmallocinfo | grep -o 'phys=0x[0-9a-f]*' | cut -d= -f2)
	[ -n "$phys" ]
	run vmapctl vtop "$addr" -J
	assert_success
	assert_equal "$(jq -r '.translation[0].phys' <<<"$output")" "$phys"
	jq -e '.translation[0] | (.flags | test("PCD")) and (.cache | startswith("UC"))' <<<"$output"
	# and peek reads the device through /dev/mem after the walk
	run vmapctl peek "$addr" 4 -J -o +VIA
	assert_success
	jq -e '.peek[0] | .hex == "ed 00 00 01" and .via == "page tables + /dev/mem mmap"' <<<"$output"
}

@test "peek --phys of the edu BAR through /dev/mem shows its identification register" {
	run vmapctl peek --phys "$(edu_bar)" 4
	assert_success
	assert_line --index 0 --regexp '^physical 0x[0-9a-f]+, 4 bytes, via /dev/mem mmap:$'
	assert_line --regexp ' ed 00 00 01 '
}

@test "peek --phys of RAM explains the STRICT_DEVMEM refusal, then reads kcore" {
	ram=$(awk -F'[- ]' '/^[0-9a-f]+-[0-9a-f]+ : System RAM$/ { print "0x" $1 }' /proc/iomem | tail -1)
	run --separate-stderr vmapctl peek --phys $((ram + 0x200000)) 16
	assert_success
	[[ "$stderr" == *"/dev/mem refuses RAM (CONFIG_STRICT_DEVMEM)"* ]]
	assert_line --index 0 --regexp 'via kcore direct map:$'
}

@test "list -o +PFNS: the PFNs behind a vmap mapping's line are the module's" {
	run vmapctl demo map vmap --pages 3 -J
	assert_success
	addr=$(jq -r '.mappings[0].address' <<<"$output")
	want=$(jq -r '[.pages[].pfn] | join(",")' <<<"$output")
	run vmapctl list -J -o START,PFNS --caller map_pages
	assert_success
	got=$(jq -r --arg a "$addr" '.regions[] | select(.start == $a) | .pfns' <<<"$output")
	# compressed runs expand to the same list
	expanded=$(tr ',' '\n' <<<"$got" | while IFS=- read -r lo hi; do
		for ((p = lo; p <= ${hi:-$lo}; p++)); do printf '0x%x\n' "$p"; done; done | paste -sd,)
	assert_equal "$expanded" "$want"
}
