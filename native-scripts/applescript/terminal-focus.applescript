-- Brings one Terminal.app tab to the front, found again by window id AND tty. Types nothing.
-- argv: {window id, tty}. Errors: -1728 when the tab is gone.
on run argv
	set targetWindowId to (item 1 of argv) as integer
	set targetTty to item 2 of argv
	if application id "com.apple.Terminal" is not running then error "Terminal is not running" number -600
	tell application id "com.apple.Terminal"
		set t to my findTab(targetWindowId, targetTty)
		set w to window id targetWindowId
		set selected tab of w to t
		set index of w to 1
		activate
	end tell
	return "focused"
end run

on findTab(targetWindowId, targetTty)
	tell application id "com.apple.Terminal"
		try
			set w to window id targetWindowId
			set tabCount to count of tabs of w
		on error
			error "the Terminal window is gone" number -1728
		end try
		repeat with i from 1 to tabCount
			try
				if (tty of tab i of w) is targetTty then return tab i of w
			end try
		end repeat
	end tell
	error "no tab of that window has that tty any more" number -1728
end findTab
