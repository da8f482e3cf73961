// The process that runs a student's solutions for `gradlab grade`: the student's code and
// the runner, nothing of the grader's (see SolutionRunner).
import SolutionRunner
import StudentSolutions

SolutionRunner.main(studentSolutions)
