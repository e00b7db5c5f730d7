-- Whether an application is running, without launching it (a "tell" would launch it).
-- argv: {bundle id}. Output: "true" or "false".
on run argv
	return (application id (item 1 of argv) is running) as text
end run
