-- Presses keys or types text into ONE verified Terminal.app tab through System Events, then puts
-- focus back. Only used when the owner enabled keystrokes: it needs the Accessibility permission,
-- and it brings Terminal to the front for a moment.
-- argv: {window id, tty, mode, item...}; mode "text" types item 1 as text, mode "keys" presses
-- each item, a name from Tower's key vocabulary. Errors: -1728 tab gone, 2 focus moved.
on run argv
	set targetWindowId to (item 1 of argv) as integer
	set targetTty to item 2 of argv
	set mode to item 3 of argv
	set payload to items 4 thru -1 of argv
	if application id "com.apple.Terminal" is not running then error "Terminal is not running" number -600
	tell application "System Events" to set previousApp to bundle identifier of first application process whose frontmost is true
	tell application id "com.apple.Terminal"
		set t to my findTab(targetWindowId, targetTty)
		set w to window id targetWindowId
		set previousTab to selected tab of w
		-- By id: "front window" is an index reference and would follow the focus change.
		set previousFrontId to id of front window
	end tell
	try
		tell application id "com.apple.Terminal"
			set selected of t to true
			set frontmost of w to true
			activate
		end tell
		my waitForTerminalFront()
		-- Checked again right before typing: the owner may have clicked elsewhere meanwhile.
		tell application id "com.apple.Terminal"
			if (tty of selected tab of front window) is not targetTty then error "focus moved; nothing typed" number 2
		end tell
		tell application "System Events"
			if (bundle identifier of first application process whose frontmost is true) is not "com.apple.Terminal" then error "focus moved; nothing typed" number 2
			if mode is "text" then
				keystroke (item 1 of payload)
			else
				repeat with k in payload
					my pressKey(k as text)
				end repeat
			end if
		end tell
	on error errorMessage number errorNumber
		my restoreFocus(previousApp, previousFrontId, previousTab)
		error errorMessage number errorNumber
	end try
	my restoreFocus(previousApp, previousFrontId, previousTab)
	return "typed"
end run

on pressKey(k)
	tell application "System Events"
		if k is "Enter" then
			key code 36
		else if k is "Escape" then
			key code 53
		else if k is "Tab" then
			key code 48
		else if k is "Up" then
			key code 126
		else if k is "Down" then
			key code 125
		else if k is "Left" then
			key code 123
		else if k is "Right" then
			key code 124
		else if k is "Backspace" then
			key code 51
		else if k is "CtrlC" then
			keystroke "c" using control down
		else if k is in {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "y", "n"} then
			keystroke k
		else
			error "key not in Tower's vocabulary" number 3
		end if
	end tell
end pressKey

on waitForTerminalFront()
	repeat 40 times
		tell application "System Events"
			if (bundle identifier of first application process whose frontmost is true) is "com.apple.Terminal" then return
		end tell
		delay 0.05
	end repeat
	error "Terminal did not come to the front; nothing typed" number 2
end waitForTerminalFront

on restoreFocus(previousApp, previousFrontId, previousTab)
	try
		tell application id "com.apple.Terminal"
			set selected of previousTab to true
			set frontmost of window id previousFrontId to true
		end tell
	end try
	try
		if previousApp is not "com.apple.Terminal" then tell application id previousApp to activate
	end try
end restoreFocus

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
