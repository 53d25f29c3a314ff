/** Every source of 我的待办. Areas append their providers here. */
import { clueTodoProviders } from '../clues/clues.todo.ts';
import { transferTodoProviders } from '../transfers/transfers.todo.ts';
import type { TodoProvider } from './todo.service.ts';
import { accountabilityTodoProviders, rectTodoProviders } from '../dashboard/todo.providers.ts';
import { inspectionTodoProviders } from '../inspections/inspections.todo.ts';
import { collabTodoProviders } from '../collaboration/collaboration.todo.ts';

export const TODO_PROVIDERS: TodoProvider[] = [...transferTodoProviders, ...clueTodoProviders, ...rectTodoProviders, ...accountabilityTodoProviders, ...inspectionTodoProviders, ...collabTodoProviders];
