-- Opens a new Terminal.app window with one tab whose login shell runs a command line, and titles it.
-- argv: {command line, title, columns, rows} (columns/rows "" for the profile's size). The command
-- line was quoted for the shell by Tower; "do script" types it and a Return.
-- Output: window id, tab index, tty, each followed by US.
on run argv
	set commandLine to item 1 of argv
	set theTitle to item 2 of argv
	set theColumns to item 3 of argv
	set theRows to item 4 of argv
	set US to character id 31
	set wasRunning to application id "com.apple.Terminal" is running
	tell application id "com.apple.Terminal"
		if wasRunning then
			-- Without "in", do script opens a new window; it does not activate Terminal.
			set t to do script commandLine
		else
			-- A cold start opens a startup window: reuse it rather than opening a second one.
			launch
			set n to 0
			repeat while (count of windows) is 0 and n < 30
				delay 0.1
				set n to n + 1
			end repeat
			if (count of windows) > 0 then
				set t to do script commandLine in window 1
			else
				set t to do script commandLine
			end if
		end if
		set custom title of t to theTitle
		set title displays custom title of t to true
		if theColumns is not "" then set number of columns of t to (theColumns as integer)
		if theRows is not "" then set number of rows of t to (theRows as integer)
		set theTty to tty of t
		repeat with w in windows
			set tabCount to 0
			try
				set tabCount to count of tabs of w
			end try
			repeat with i from 1 to tabCount
				try
					if (tty of tab i of w) is theTty then return ((id of w) as text) & US & (i as text) & US & theTty & US
				end try
			end repeat
		end repeat
	end tell
	error "the new tab was not found" number -1728
end run
